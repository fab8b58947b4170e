// Placeholder until fixtures/fuzz/make-seeds runs.
enum FuzzSigner {
    static let certificatePEM = ""
}
