//! libvmaf JSON models: parsing, SVM prediction, transforms, bootstrap collections (work in progress).
