"""发展党员: The recruitment pipeline: applicant → activist → candidate → probationary → full member."""
