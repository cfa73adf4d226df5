# The build without the RTL core (SPIKEFORGE_WITH_RTL=OFF) replaces every rtl_sim source that uses
# the Verilated model by harness/core_sim_absent.cpp. This checks, in the normal build, that the
# stand-in defines every external spikeforge:: function those sources define, so the OFF build
# links whatever the harness gains. Internals (CoreSim::Impl, anonymous namespaces) do not count.
#   cmake -D NM=<nm> -D LIB=<libspikeforge_rtl_sim.a> -D "MEMBERS=<object names>" -D "ABSENT=<objects>" -P check_rtl_absent.cmake
# (the CTest "build: the no-RTL CoreSim defines every function of the Verilated one", tests/repo/repo.cmake).
cmake_minimum_required(VERSION 3.25)
foreach(v NM LIB MEMBERS ABSENT)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "check_rtl_absent.cmake: -D ${v}=... is required")
  endif()
endforeach()

# Defined text symbols (type T) in namespace spikeforge::, demangled, of the given objects.
function(defined_symbols out)
  execute_process(COMMAND ${NM} -A -C --defined-only ${ARGN} OUTPUT_VARIABLE text RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "nm failed on ${ARGN}: ${err}")
  endif()
  string(REPLACE ";" "\\;" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(symbols "")
  foreach(line IN LISTS lines)
    # <file>[:<member>]:<address> T <symbol>
    if(line MATCHES "^(.*):[0-9a-f]+ T (spikeforge::.*)$")
      set(where ${CMAKE_MATCH_1})
      set(sym ${CMAKE_MATCH_2})
      if(sym MATCHES "::Impl::|anonymous namespace")
        continue()
      endif()
      list(APPEND symbols "${where}|${sym}")
    endif()
  endforeach()
  set(${out} "${symbols}" PARENT_SCOPE)
endfunction()

defined_symbols(lib_symbols ${LIB})
set(needed "")
foreach(entry IN LISTS lib_symbols)
  string(REGEX REPLACE "\\|.*$" "" where "${entry}")
  string(REGEX REPLACE "^[^|]*\\|" "" sym "${entry}")
  foreach(member IN LISTS MEMBERS)
    if(where MATCHES ":${member}$")
      list(APPEND needed "${sym}")
    endif()
  endforeach()
endforeach()
list(REMOVE_DUPLICATES needed)
list(LENGTH needed n_needed)
if(n_needed EQUAL 0)
  message(FATAL_ERROR "no spikeforge:: symbols found for ${MEMBERS} in ${LIB}: the check would prove nothing")
endif()

defined_symbols(absent_symbols ${ABSENT})
set(have "")
foreach(entry IN LISTS absent_symbols)
  string(REGEX REPLACE "^[^|]*\\|" "" sym "${entry}")
  list(APPEND have "${sym}")
endforeach()

set(missing "")
foreach(sym IN LISTS needed)
  if(NOT sym IN_LIST have)
    list(APPEND missing "  ${sym}")
  endif()
endforeach()
if(missing)
  string(REPLACE ";" "\n" text "${missing}")
  message(FATAL_ERROR "rtl_sim/harness/core_sim_absent.cpp lacks what ${MEMBERS} define, so the "
                      "SPIKEFORGE_WITH_RTL=OFF build would not link:\n${text}\n"
                      "Add them there (throwing no_rtl()), or move Verilator-free code to core_sim_common.cpp.")
endif()
message(STATUS "core_sim_absent.cpp defines all ${n_needed} functions of ${MEMBERS}")
