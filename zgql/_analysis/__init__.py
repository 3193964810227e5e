"""The analysis: one walk over an operation's executed shape, then the rules over its facts."""
