"""The training room: vignettes and exercises, session codes and keys, the stage a group is at, agreement figures, group answers and the summary."""
