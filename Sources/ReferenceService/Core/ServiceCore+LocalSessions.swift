extension ServiceCore {
    /// Ends every session here without telling MPass: what a Service's own session timeout
    /// does. `live` uses it so that TC_FUNCT_02 starts "logged in at MPass only".
    public func endLocalSessions() async {
        for session in await store.allSessions {
            await store.endSession(id: session.id)
        }
    }
}
