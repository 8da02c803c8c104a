"""Proof: certificates and the official documents (lists, sign-in sheets, results, reports) in PDF and XLSX."""
