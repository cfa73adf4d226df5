# The SystemVerilog core must lint clean under `verilator --lint-only -Wall` and parse in yosys.
find_program(SPIKEFORGE_VERILATOR_BIN verilator)
# Every lane count P the core supports at the default sizes is linted (a second or so each), built
# or not.
if(SPIKEFORGE_VERILATOR_BIN)
  foreach(P 1 2 4 8 16 32 64)
    add_test(NAME "rtl_sim: verilator --lint-only -Wall, LANES=${P}"
             COMMAND ${SPIKEFORGE_VERILATOR_BIN} --lint-only -Wall -GLANES=${P} --top-module lif_core ${SPIKEFORGE_RTL_SOURCES})
  endforeach()
endif()
find_program(SPIKEFORGE_YOSYS_BIN yosys)
if(SPIKEFORGE_YOSYS_BIN)
  string(REPLACE ";" " " spikeforge_rtl_files "${SPIKEFORGE_RTL_SOURCES}")
  add_test(NAME "rtl_sim: yosys reads the core"
           COMMAND ${SPIKEFORGE_YOSYS_BIN} -q -p "read_verilog -sv ${spikeforge_rtl_files}; hierarchy -check -top lif_core; proc; check -assert")
endif()
# The recorded synthesis figures (rtl_sim/synth/cells.json, which `spikeforge run` reports) must be
# what yosys gives for the checked-in core (about 20 s).
if(SPIKEFORGE_YOSYS_BIN)
  set(spikeforge_synth_dir ${CMAKE_CURRENT_BINARY_DIR}/synth_check)
  add_test(NAME "rtl_sim: recorded yosys figures match a fresh synthesis"
           COMMAND sh -c "sh '${PROJECT_SOURCE_DIR}/rtl_sim/synth/run_synth.sh' '${spikeforge_synth_dir}' ${SPIKEFORGE_RTL_DEFAULT_LANES} >/dev/null 2>&1 && ${CMAKE_COMMAND} -E compare_files '${spikeforge_synth_dir}/cells.json' '${PROJECT_SOURCE_DIR}/rtl_sim/synth/cells.json' || { echo 'rtl_sim/synth/cells.json is stale or yosys failed; refresh it with rtl_sim/synth/run_synth.sh (see its header)'; exit 1; }")
endif()
