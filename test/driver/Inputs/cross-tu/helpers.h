#pragma once
#include <string>
std::string render(const std::string &name);
std::string render_fast(const std::string &name);
void pause_a_bit();
[[clang::annotate("async::nonblocking")]] void known_fast();
int deep1();
