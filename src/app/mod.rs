//! The reader's state machine.
