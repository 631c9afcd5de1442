int fetch_now();
int compute_privately();
int fetch_fast();
