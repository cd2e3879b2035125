"""What every page shares: error pages, headers, log redaction, paging, templating, redirects, base forms."""
