# Checks of the repository and of its build variants (cheap: no compilation).

# Code, docs, README and tests cite only files the repository holds (docs/architecture.md and the
# other docs replace every document that lived outside it).
add_test(NAME "repo: every cited file is in the repository"
         COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/repo/check_references.py ${PROJECT_SOURCE_DIR})

# The include scan of cmake/dependencies.cmake, as at configure time: it also sees includes added
# to existing files since the last configure.
string(REPLACE ";" "|" spikeforge_rules_arg "${SPIKEFORGE_DEPENDENCY_RULES}")
add_test(NAME "repo: every #include follows the dependency rules"
         COMMAND ${CMAKE_COMMAND} -D SOURCE_DIR=${PROJECT_SOURCE_DIR} "-DRULES=${spikeforge_rules_arg}"
                 -P ${PROJECT_SOURCE_DIR}/cmake/dependencies.cmake)

# SPIKEFORGE_WITH_RTL=OFF, kept working without building it twice:
# (1) it configures with Verilator unavailable (every CMake path of the variant, the rule checks);
set(spikeforge_nortl_dir ${CMAKE_BINARY_DIR}/nortl-configure-check)
add_test(NAME "build: SPIKEFORGE_WITH_RTL=OFF configures without Verilator"
         COMMAND sh -c "rm -rf '${spikeforge_nortl_dir}' && '${CMAKE_COMMAND}' -S '${PROJECT_SOURCE_DIR}' -B '${spikeforge_nortl_dir}' -G '${CMAKE_GENERATOR}' -DCMAKE_CXX_COMPILER='${CMAKE_CXX_COMPILER}' -DCMAKE_C_COMPILER='${CMAKE_C_COMPILER}' -DSPIKEFORGE_WITH_RTL=OFF -DCMAKE_DISABLE_FIND_PACKAGE_verilator=ON >'${spikeforge_nortl_dir}.log' 2>&1 || { cat '${spikeforge_nortl_dir}.log'; exit 1; }; grep -q 'SPIKEFORGE_WITH_RTL=OFF' '${spikeforge_nortl_dir}.log' && rm -rf '${spikeforge_nortl_dir}'")
# (2) its only different source, harness/core_sim_absent.cpp, compiles in this build (the object
#     library spikeforge_rtl_absent_check) and defines everything the Verilator sources define.
if(SPIKEFORGE_WITH_RTL AND TARGET spikeforge_rtl_absent_check)
  set(spikeforge_rtl_members "")
  foreach(src IN LISTS SPIKEFORGE_RTL_VERILATED_SOURCES)
    get_filename_component(name ${src} NAME)
    list(APPEND spikeforge_rtl_members "${name}.o")
  endforeach()
  add_test(NAME "build: the no-RTL CoreSim defines every function of the Verilated one"
           COMMAND ${CMAKE_COMMAND} -D NM=${CMAKE_NM} -D LIB=$<TARGET_FILE:spikeforge_rtl_sim>
                   "-DMEMBERS=${spikeforge_rtl_members}" "-DABSENT=$<TARGET_OBJECTS:spikeforge_rtl_absent_check>"
                   -P ${PROJECT_SOURCE_DIR}/cmake/check_rtl_absent.cmake)
endif()
# (3) in the OFF build itself: verify refuses with a ConfigError that names the option; the energy
#     model still runs on golden counts.
if(NOT SPIKEFORGE_WITH_RTL)
  set(spikeforge_tiny_q ${CMAKE_CURRENT_SOURCE_DIR}/rtl_sim/data/tiny.q.json)
  add_test(NAME "build: without the RTL core, verify exits 2 naming SPIKEFORGE_WITH_RTL"
           COMMAND ${CMAKE_COMMAND} -D "CMD=${SPIKEFORGE_CLI};verify;--net;${spikeforge_tiny_q};--samples;2"
                   -D EXPECT=2 -D "MATCH=built without the RTL core \\(SPIKEFORGE_WITH_RTL=OFF\\)" -P ${SPIKEFORGE_EXPECT_EXIT})
  add_test(NAME "build: without the RTL core, energy --source golden works"
           COMMAND ${SPIKEFORGE_CLI} energy --net ${spikeforge_tiny_q} --samples 5 --source golden --json)
  set_tests_properties("build: without the RTL core, energy --source golden works" PROPERTIES
                       PASS_REGULAR_EXPRESSION "horowitz-45nm.*energy_per_inference_j")
endif()
