# The SystemVerilog core must lint clean under `verilator --lint-only -Wall` and parse in yosys.
find_program(SPIKEFORGE_VERILATOR_BIN verilator)
if(SPIKEFORGE_VERILATOR_BIN)
  add_test(NAME "rtl_sim: verilator --lint-only -Wall"
           COMMAND ${SPIKEFORGE_VERILATOR_BIN} --lint-only -Wall --top-module lif_core ${SPIKEFORGE_RTL_SOURCES})
endif()
find_program(SPIKEFORGE_YOSYS_BIN yosys)
if(SPIKEFORGE_YOSYS_BIN)
  string(REPLACE ";" " " spikeforge_rtl_files "${SPIKEFORGE_RTL_SOURCES}")
  add_test(NAME "rtl_sim: yosys reads the core"
           COMMAND ${SPIKEFORGE_YOSYS_BIN} -q -p "read_verilog -sv ${spikeforge_rtl_files}; hierarchy -check -top lif_core; proc; check -assert")
endif()
