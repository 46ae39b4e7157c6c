// The public API of @qstore/track lands here with issue 6: createTracker over an MLflow-layout file store, an MLflow server and TensorBoard files; trackingCallback.
export {};
