"""Attraction: the public "Move to Västernorrland" pages for people thinking of moving to the region."""
