/** The scope every error of this package carries. */
export const SCOPE = 'quantum-sim';
