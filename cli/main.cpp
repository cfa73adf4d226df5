// spikeforge: train -> quantize -> export -> verify -> estimate, one subcommand per step (cli/app.hpp).
#include "cli/app.hpp"

int main(int argc, char** argv) { return spikeforge::cli::run_cli(argc, argv); }
