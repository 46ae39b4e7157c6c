// The public API of @qstore/backend-client lands here with a later issue: a typed Backend API client and the backend source adapter.
export {};
