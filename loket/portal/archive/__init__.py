"""The archive of the portal at the end of the arrangement (issue 17): a BagIt package (the
`bagit` library) with every record of every app as JSON Lines and CSV, every uploaded file, PDF
renditions, and per entity an MDTO metadata record. `registry` holds the archival metadata per
model, `writer` writes the package (streaming), `verify` checks it again later, `runs` keeps the
progress of an export started from the closing page."""
