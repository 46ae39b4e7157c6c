// The public API of @qstore/data lands here with issues 4 and 5: loadDataset over keras, huggingface and local sources; preprocessing, PCA, encodings, splits, augmentation, generators.
export {};
