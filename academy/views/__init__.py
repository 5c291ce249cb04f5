"""Views for learners; each checks who is asking and calls one service or selector."""
