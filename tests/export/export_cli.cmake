# CLI-level exporter tests: `spikeforge export` / `spikeforge import` on hand-written networks in
# tests/data, each output checked by an independent Python reader (h5py, no spikeforge code), plus the
# Lava loader's unit tests and its comparison with the golden model's `spikeforge simulate` trace.
set(SF_EXPORT_DIR ${CMAKE_CURRENT_BINARY_DIR}/export_cli)
set(SF_EXPORT_DATA ${PROJECT_SOURCE_DIR}/tests/data)
set(SF_EXPORT_PY /usr/bin/python3)
set(SF_EXPORT_SRC ${PROJECT_SOURCE_DIR}/tests/export)
set(SF_NOTHING_WRITTEN ${SF_EXPORT_SRC}/expect_nothing_written.cmake.txt)
file(MAKE_DIRECTORY ${SF_EXPORT_DIR})

add_test(NAME "export: spikeforge_lava.py unit tests (no Lava)"
         COMMAND ${SF_EXPORT_PY} ${SF_EXPORT_SRC}/test_spikeforge_lava.py)

# Lava JSON, then the loader's NumPy twin of Lava against `spikeforge simulate` (golden model).
add_test(NAME "export: cli lava" COMMAND ${SPIKEFORGE_CLI} export --net ${SF_EXPORT_DATA}/tiny.q.json
         --format lava --out ${SF_EXPORT_DIR}/tiny.lava.json --json)
set_tests_properties("export: cli lava" PROPERTIES FIXTURES_SETUP sf_export_lava
                     PASS_REGULAR_EXPRESSION "\"lava_run_steps\": 10")
add_test(NAME "export: cli simulate trace for lava" COMMAND ${SPIKEFORGE_CLI} simulate --net ${SF_EXPORT_DATA}/tiny.q.json
         --input ${SF_EXPORT_DATA}/tiny_spikes.json --out ${SF_EXPORT_DIR}/tiny.trace.json)
set_tests_properties("export: cli simulate trace for lava" PROPERTIES FIXTURES_SETUP sf_export_trace)
add_test(NAME "export: lava loader equals golden simulate trace"
         COMMAND ${SF_EXPORT_PY} ${SF_EXPORT_SRC}/test_spikeforge_lava.py --compare-simulate ${SF_EXPORT_DIR}/tiny.lava.json
                 ${SF_EXPORT_DATA}/tiny_spikes.json ${SF_EXPORT_DIR}/tiny.trace.json)
set_tests_properties("export: lava loader equals golden simulate trace" PROPERTIES
                     FIXTURES_REQUIRED "sf_export_lava;sf_export_trace" PASS_REGULAR_EXPRESSION "OK:")

# Lava's Sparse connections: forced on tiny.q.json, then the loader's NumPy twin against the same trace.
add_test(NAME "export: cli lava sparse connections"
         COMMAND ${SPIKEFORGE_CLI} export --net ${SF_EXPORT_DATA}/tiny.q.json --format lava --lava-connections sparse
                 --out ${SF_EXPORT_DIR}/tiny.sparse.lava.json --json)
set_tests_properties("export: cli lava sparse connections" PROPERTIES FIXTURES_SETUP sf_export_lava_sparse
                     PASS_REGULAR_EXPRESSION "\"connections\": \\[[^]]*\"Sparse\",[^]]*\"Sparse\"")
add_test(NAME "export: lava loader with Sparse connections equals golden simulate trace"
         COMMAND ${SF_EXPORT_PY} ${SF_EXPORT_SRC}/test_spikeforge_lava.py --compare-simulate ${SF_EXPORT_DIR}/tiny.sparse.lava.json
                 ${SF_EXPORT_DATA}/tiny_spikes.json ${SF_EXPORT_DIR}/tiny.trace.json)
set_tests_properties("export: lava loader with Sparse connections equals golden simulate trace" PROPERTIES
                     FIXTURES_REQUIRED "sf_export_lava_sparse;sf_export_trace" PASS_REGULAR_EXPRESSION "OK:")
add_test(NAME "export: unknown --lava-connections is refused (exit 2), nothing written"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};export;--net;${SF_EXPORT_DATA}/tiny.q.json;--format;lava;--lava-connections;csr;--out;${SF_EXPORT_DIR}/tiny.bad.lava.json"
                 -D EXPECT=2 -D OUT=${SF_EXPORT_DIR}/tiny.bad.lava.json -D "MATCH=--lava-connections" -P ${SF_NOTHING_WRITTEN})

# netx.
add_test(NAME "export: cli netx" COMMAND ${SPIKEFORGE_CLI} export --net ${SF_EXPORT_DATA}/tiny.q.json
         --format netx --out ${SF_EXPORT_DIR}/tiny.net)
set_tests_properties("export: cli netx" PROPERTIES FIXTURES_SETUP sf_export_netx)
add_test(NAME "export: check_netx.py (h5py)" COMMAND ${SF_EXPORT_PY} ${SF_EXPORT_SRC}/check_netx.py
         ${SF_EXPORT_DIR}/tiny.net ${SF_EXPORT_DATA}/tiny.q.json)
set_tests_properties("export: check_netx.py (h5py)" PROPERTIES FIXTURES_REQUIRED sf_export_netx)
add_test(NAME "export: netx refuses subtract reset, writes nothing"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};export;--net;${SF_EXPORT_DATA}/tiny_subtract.q.json;--format;netx;--out;${SF_EXPORT_DIR}/sub.net"
                 -D EXPECT=2 -D OUT=${SF_EXPORT_DIR}/sub.net -D "MATCH=reset = subtract" -P ${SF_NOTHING_WRITTEN})
add_test(NAME "export: netx --allow-reset-change" COMMAND ${SPIKEFORGE_CLI} export --net ${SF_EXPORT_DATA}/tiny_subtract.q.json
         --format netx --out ${SF_EXPORT_DIR}/sub_allowed.net --allow-reset-change --json)
set_tests_properties("export: netx --allow-reset-change" PROPERTIES PASS_REGULAR_EXPRESSION "\"reset_changed\": true")

# NIR from net.q.json (dequantized), h5py check, import back, check again.
add_test(NAME "export: cli nir" COMMAND ${SPIKEFORGE_CLI} export --net ${SF_EXPORT_DATA}/tiny.q.json
         --format nir --out ${SF_EXPORT_DIR}/tiny.nir)
set_tests_properties("export: cli nir" PROPERTIES FIXTURES_SETUP sf_export_nir)
add_test(NAME "export: cli import nir" COMMAND ${SPIKEFORGE_CLI} import --nir ${SF_EXPORT_DIR}/tiny.nir
         --out ${SF_EXPORT_DIR}/tiny_imported.json)
set_tests_properties("export: cli import nir" PROPERTIES FIXTURES_REQUIRED sf_export_nir FIXTURES_SETUP sf_import_nir)
add_test(NAME "export: check_nir.py (h5py) + import" COMMAND ${SF_EXPORT_PY} ${SF_EXPORT_SRC}/check_nir.py
         ${SF_EXPORT_DIR}/tiny.nir ${SF_EXPORT_DATA}/tiny.q.json --imported ${SF_EXPORT_DIR}/tiny_imported.json)
set_tests_properties("export: check_nir.py (h5py) + import" PROPERTIES FIXTURES_REQUIRED "sf_export_nir;sf_import_nir")
add_test(NAME "export: nir refuses subtract reset, writes nothing"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};export;--net;${SF_EXPORT_DATA}/tiny_subtract.q.json;--format;nir;--out;${SF_EXPORT_DIR}/sub.nir"
                 -D EXPECT=2 -D OUT=${SF_EXPORT_DIR}/sub.nir -D "MATCH=reset = subtract" -P ${SF_NOTHING_WRITTEN})
add_test(NAME "export: import of a non-NIR file exits 3, writes nothing"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};import;--nir;${SF_EXPORT_DATA}/tiny.q.json;--out;${SF_EXPORT_DIR}/bad_import.json"
                 -D EXPECT=3 -D OUT=${SF_EXPORT_DIR}/bad_import.json -P ${SF_NOTHING_WRITTEN})

# RTL memory images (format owned by rtl_sim; here only that the CLI wires it).
add_test(NAME "export: cli rtl" COMMAND ${SPIKEFORGE_CLI} export --net ${SF_EXPORT_DATA}/tiny.q.json
         --format rtl --out ${SF_EXPORT_DIR}/tiny_rtl)
set_tests_properties("export: cli rtl" PROPERTIES FIXTURES_SETUP sf_export_rtl)
add_test(NAME "export: rtl manifest exists" COMMAND ${CMAKE_COMMAND} -E cat ${SF_EXPORT_DIR}/tiny_rtl/manifest.json)
set_tests_properties("export: rtl manifest exists" PROPERTIES FIXTURES_REQUIRED sf_export_rtl
                     PASS_REGULAR_EXPRESSION "spikeforge.rtl-mem/2")

# Bad inputs: out-of-range net.q.json (exit 3), float net for a fixed-only format (exit 3); nothing written.
foreach(fmt lava netx nir rtl)
  add_test(NAME "export: out-of-range net.q.json (${fmt}) exits 3, writes nothing"
           COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};export;--net;${SF_EXPORT_DATA}/tiny_bad.q.json;--format;${fmt};--out;${SF_EXPORT_DIR}/bad_${fmt}.out"
                   -D EXPECT=3 -D OUT=${SF_EXPORT_DIR}/bad_${fmt}.out -D "MATCH=du" -P ${SF_NOTHING_WRITTEN})
endforeach()
add_test(NAME "export: lava from a float net.json exits 3"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};export;--net;${SF_EXPORT_DATA}/eval_net.json;--format;lava;--out;${SF_EXPORT_DIR}/float.lava.json"
                 -D EXPECT=3 -D OUT=${SF_EXPORT_DIR}/float.lava.json -D "MATCH=spikeforge quantize" -P ${SF_NOTHING_WRITTEN})

# A net.q.json is checked against the profile it names: tiny_subtract.q.json claiming `loihi` (no subtract
# reset) is refused by every reader with exit 3, naming the file, layer and field.
foreach(fmt lava netx nir rtl)
  add_test(NAME "export: net.q.json outside its profile (${fmt}) exits 3, writes nothing"
           COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};export;--net;${SF_EXPORT_SRC}/data/tiny_subtract_loihi.q.json;--format;${fmt};--out;${SF_EXPORT_DIR}/profile_${fmt}.out;--allow-reset-change"
                   -D EXPECT=3 -D OUT=${SF_EXPORT_DIR}/profile_${fmt}.out
                   -D "MATCH=tiny_subtract_loihi.q.json: layer 0 reset = subtract .*profile loihi" -P ${SF_NOTHING_WRITTEN})
endforeach()

# The golden model's lava timing (`simulate --timing lava`) against the loader's NumPy twin of plain Lava
# (Dense delay, biases on from step 1: what netx runs), every u, v and spike of the T + L steps.
add_test(NAME "export: cli simulate --timing lava" COMMAND ${SPIKEFORGE_CLI} simulate --net ${SF_EXPORT_DATA}/tiny.q.json
         --input ${SF_EXPORT_DATA}/tiny_spikes.json --out ${SF_EXPORT_DIR}/tiny.lava_trace.json --timing lava)
set_tests_properties("export: cli simulate --timing lava" PROPERTIES FIXTURES_SETUP sf_export_lava_trace)
add_test(NAME "export: golden lava timing equals plain Lava (numpy twin)"
         COMMAND ${SF_EXPORT_PY} ${SF_EXPORT_SRC}/test_spikeforge_lava.py --compare-simulate-lava ${SF_EXPORT_DIR}/tiny.lava.json
                 ${SF_EXPORT_DATA}/tiny_spikes.json ${SF_EXPORT_DIR}/tiny.lava_trace.json)
set_tests_properties("export: golden lava timing equals plain Lava (numpy twin)" PROPERTIES
                     FIXTURES_REQUIRED "sf_export_lava;sf_export_lava_trace" PASS_REGULAR_EXPRESSION "OK:")

# verify has no lava timing (the RTL core has no inter-layer delay): refused with exit 2 and the reason.
add_test(NAME "export: verify --timing lava is refused with the reason"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};verify;--net;${SF_EXPORT_DATA}/tiny.q.json;--samples;1;--timing;lava"
                 -D EXPECT=2 -D "MATCH=no RTL counterpart.*eval --timing lava" -P ${SPIKEFORGE_EXPECT_EXIT})

# NIR with a subtract reset and an LIF readout (eval_net.json: subtract and zero layers, biases): the file
# states each node's reset, check_nir.py reads it as NIR's reader would, import restores it (--imported);
# --reset overrides the metadata with a warning on stderr.
add_test(NAME "export: cli nir --allow-reset-change --nir-readout lif"
         COMMAND ${SPIKEFORGE_CLI} export --net ${SF_EXPORT_DATA}/eval_net.json --format nir --out ${SF_EXPORT_DIR}/eval.nir
                 --allow-reset-change --nir-readout lif --json)
set_tests_properties("export: cli nir --allow-reset-change --nir-readout lif" PROPERTIES FIXTURES_SETUP sf_export_nir_sub
                     PASS_REGULAR_EXPRESSION "\"nir_readout\": \"lif\"")
add_test(NAME "export: cli import nir restores the subtract reset"
         COMMAND ${SPIKEFORGE_CLI} import --nir ${SF_EXPORT_DIR}/eval.nir --out ${SF_EXPORT_DIR}/eval_imported.json --json)
set_tests_properties("export: cli import nir restores the subtract reset" PROPERTIES FIXTURES_REQUIRED sf_export_nir_sub
                     FIXTURES_SETUP sf_import_nir_sub PASS_REGULAR_EXPRESSION "\"reset\": \"subtract\"")
add_test(NAME "export: check_nir.py (h5py) subtract + lif readout + import"
         COMMAND ${SF_EXPORT_PY} ${SF_EXPORT_SRC}/check_nir.py ${SF_EXPORT_DIR}/eval.nir ${SF_EXPORT_DATA}/eval_net.json
                 --imported ${SF_EXPORT_DIR}/eval_imported.json)
set_tests_properties("export: check_nir.py (h5py) subtract + lif readout + import" PROPERTIES
                     FIXTURES_REQUIRED "sf_export_nir_sub;sf_import_nir_sub" PASS_REGULAR_EXPRESSION "check_nir: OK")
add_test(NAME "export: cli import --reset zero overrides the file with a warning"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};import;--nir;${SF_EXPORT_DIR}/eval.nir;--out;${SF_EXPORT_DIR}/eval_zero.json;--reset;zero"
                 -D EXPECT=0 -D "MATCH=warning: node '1': --reset zero overrides the file's metadata reset = subtract" -P ${SPIKEFORGE_EXPECT_EXIT})
set_tests_properties("export: cli import --reset zero overrides the file with a warning" PROPERTIES FIXTURES_REQUIRED sf_export_nir_sub)

# netx end to end: the plain loihi mapping of eval_net.json (biases, weight_exp > 0) cannot be written
# exactly; quantize --netx-exact can, with nothing rounded, and check_netx.py --run, which loads the file
# as netx does and runs it in plain Lava order, equals `eval --timing lava` on every sample.
add_test(NAME "export: netx-exact quantize (lava timing report)"
         COMMAND ${SPIKEFORGE_CLI} quantize --net ${SF_EXPORT_DATA}/eval_net.json --profile loihi --allow-reset-change
                 --netx-exact --out ${SF_EXPORT_DIR}/eval_netx.q.json --dataset synthetic --samples 100 --timing lava --json)
set_tests_properties("export: netx-exact quantize (lava timing report)" PROPERTIES FIXTURES_SETUP sf_netx_q
                     PASS_REGULAR_EXPRESSION "\"timing\": \"lava\"")
add_test(NAME "export: plain loihi mapping of eval_net.json"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};quantize;--net;${SF_EXPORT_DATA}/eval_net.json;--profile;loihi;--allow-reset-change;--out;${SF_EXPORT_DIR}/eval_plain.q.json"
                 -D EXPECT=0 -P ${SPIKEFORGE_EXPECT_EXIT})
set_tests_properties("export: plain loihi mapping of eval_net.json" PROPERTIES FIXTURES_SETUP sf_plain_q)
add_test(NAME "export: netx of the plain mapping is refused (exit 2), nothing written"
         COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};export;--net;${SF_EXPORT_DIR}/eval_plain.q.json;--format;netx;--out;${SF_EXPORT_DIR}/eval_plain.net"
                 -D EXPECT=2 -D OUT=${SF_EXPORT_DIR}/eval_plain.net -D "MATCH=as netx needs.*--netx-exact" -P ${SF_NOTHING_WRITTEN})
set_tests_properties("export: netx of the plain mapping is refused (exit 2), nothing written" PROPERTIES FIXTURES_REQUIRED sf_plain_q)
add_test(NAME "export: netx of the netx-exact mapping rounds nothing"
         COMMAND ${SPIKEFORGE_CLI} export --net ${SF_EXPORT_DIR}/eval_netx.q.json --format netx --out ${SF_EXPORT_DIR}/eval.net --json)
set_tests_properties("export: netx of the netx-exact mapping rounds nothing" PROPERTIES FIXTURES_REQUIRED sf_netx_q
                     FIXTURES_SETUP sf_netx_file PASS_REGULAR_EXPRESSION "\"biases_rounded\": 0,.*\"weights_rounded\": 0")
add_test(NAME "export: eval --timing lava of the netx-exact network"
         COMMAND ${SPIKEFORGE_CLI} eval --net ${SF_EXPORT_DIR}/eval_netx.q.json --samples 100 --timing lava
                 --save-inputs ${SF_EXPORT_DIR}/eval_netx_in.json --save-outputs ${SF_EXPORT_DIR}/eval_netx_out.json --json)
set_tests_properties("export: eval --timing lava of the netx-exact network" PROPERTIES FIXTURES_REQUIRED sf_netx_q
                     FIXTURES_SETUP sf_netx_eval PASS_REGULAR_EXPRESSION "\"timing\": \"lava\"")
add_test(NAME "export: check_netx.py --run: the .net run as netx equals eval --timing lava"
         COMMAND ${SF_EXPORT_PY} ${SF_EXPORT_SRC}/check_netx.py ${SF_EXPORT_DIR}/eval.net ${SF_EXPORT_DIR}/eval_netx.q.json
                 --run ${SF_EXPORT_DIR}/eval_netx_in.json ${SF_EXPORT_DIR}/eval_netx_out.json)
set_tests_properties("export: check_netx.py --run: the .net run as netx equals eval --timing lava" PROPERTIES
                     FIXTURES_REQUIRED "sf_netx_file;sf_netx_eval" PASS_REGULAR_EXPRESSION "100 samples run as netx equal")
