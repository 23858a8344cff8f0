//! TODO (issue 14, in progress)
