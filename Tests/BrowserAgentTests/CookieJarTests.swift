import Testing
@testable import BrowserAgent
