import Testing
@testable import ReferenceService
