"""Reader feedback reports arrive with the feedback issue."""
