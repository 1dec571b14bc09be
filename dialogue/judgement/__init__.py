"""The learned half of the turn analysis: a sentence encoder and the trained head that reads it."""
