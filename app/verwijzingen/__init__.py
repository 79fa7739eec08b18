"""The referral letter behind a request, recorded by the gemeente or by the aanbieder itself."""
