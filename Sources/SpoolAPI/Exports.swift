// The API's wire types are part of its interface: whoever imports SpoolAPI sees them too.
@_exported import SpoolAPIModels
