// Planted: a records-like header; sqlite3.h stays in its .cc.
struct sqlite3;
