#include "helpers.h"
#include <fstream>
#include <iterator>
static std::string load_template(const std::string &name) {
  std::ifstream in(name);
  return std::string(std::istreambuf_iterator<char>(in), {});
}
std::string render(const std::string &name) { return load_template(name); }
std::string render_fast(const std::string &name) { return "<p>" + name + "</p>"; }
void known_fast() { pause_a_bit(); }
int deep2();
int deep1() { return deep2(); }
