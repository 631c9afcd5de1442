#include <unistd.h>
void pause_a_bit() { sleep(1); }
int deep4();
int deep3() { return deep4(); }
int deep2() { return deep3(); }
int deep5() { sleep(1); return 0; }
int deep4() { return deep5(); }
