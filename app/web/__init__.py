"""The werkplek: server-rendered pages for the gemeente's workers over the API's services."""
