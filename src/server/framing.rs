//! The byte stream → messages.

use std::io::BufRead;
use std::sync::mpsc;

use lsp_server::Message;

pub(super) enum Incoming {
    Message(Message),
    /// A frame that did not hold a JSON-RPC message: logged, then skipped.
    Garbled(String),
}

pub(super) fn read_messages(mut input: impl BufRead, tx: mpsc::Sender<Incoming>) {
    loop {
        let incoming = match Message::read(&mut input) {
            Ok(Some(m)) => Incoming::Message(m),
            // End of the stream: the client is gone.
            Ok(None) => return,
            // The frame was consumed whole; the next one may be fine.
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                Incoming::Garbled(e.to_string())
            }
            Err(_) => return,
        };
        if tx.send(incoming).is_err() {
            return;
        }
    }
}
