// The public API of @qstore/tune lands here with a later issue: studies, samplers, pruners, storages, QUBO solvers.
export {};
