// The public API of @qstore/quantum-sim lands here with issue 3: circuits with named parameters, state-vector simulation, batched execution, adjoint/parameter-shift/SPSA gradients, encodings, ansätze, noise, OpenQASM 2, QAOA.
export {};
