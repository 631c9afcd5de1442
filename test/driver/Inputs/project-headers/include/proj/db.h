#pragma once
// The project's wrapper around a C database library; defined in a.cpp.
int db_exec(const char *sql);
