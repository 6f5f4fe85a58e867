//! Drawing the model into a frame.
