export type { MnistDigitsOptions } from './mnistDigits.js';
export { mnistDigits } from './mnistDigits.js';
