# How the project's own targets are declared. Every library lives in its own
# folder and says which layer it belongs to; the layering test
# (tests/layering/) reads these declarations back, so the walls between the
# layers are checked by the build, not only by reviewers.
#
#   concert_library(NAME LAYER layer
#                   [SOURCES file...]        .cc and .h files of the folder
#                   [PUBLIC dep...] [PRIVATE dep...]
#                   [ALLOW_SQLITE])          may include sqlite3.h itself
#
# Layers, from the bottom:
#   wire      generated code (proto/)
#   common    file loading and validation (no gRPC)
#   core      the pure cores: no gRPC in their link closure, no grpcpp,
#             *.grpc.pb.h or (but for ALLOW_SQLITE) sqlite3.h in their
#             sources or in the project headers those include
#   rpc       gRPC adapters, server bootstrap and the gRPC stubs
#   client    the concert command-line client
#
# Includes are written from the repository root, so each target exports the
# root (and only its own generated folder, for proto/) as its include path;
# a target sees generated gRPC stubs only by linking concert_grpc.
set(CONCERT_LAYERS wire common core rpc client test)
set_property(GLOBAL PROPERTY CONCERT_TARGETS "")

function(concert_library name)
  cmake_parse_arguments(L "ALLOW_SQLITE;HEADER_ONLY" "LAYER" "SOURCES;PUBLIC;PRIVATE" ${ARGN})
  if(NOT L_LAYER IN_LIST CONCERT_LAYERS)
    message(FATAL_ERROR "concert_library(${name}): LAYER must be one of ${CONCERT_LAYERS}")
  endif()
  add_library(${name} STATIC ${L_SOURCES})
  # Installed (the SDK's export set, clients/sdk/), a target's headers are
  # under the prefix's include/.
  target_include_directories(${name} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<INSTALL_INTERFACE:include>)
  target_link_libraries(${name} PUBLIC ${L_PUBLIC} PRIVATE ${L_PRIVATE})
  concert_declare_layer(${name} ${L_LAYER} ${L_ALLOW_SQLITE})
endfunction()

# Records `name`'s layer for the layering test (concert_library calls it;
# call it for targets made otherwise, e.g. executables or proto/).
function(concert_declare_layer name layer)
  set(allow_sqlite FALSE)
  if(ARGC GREATER 2 AND ARGV2)
    set(allow_sqlite TRUE)
  endif()
  set_target_properties(${name} PROPERTIES
    CONCERT_LAYER ${layer}
    CONCERT_ALLOW_SQLITE ${allow_sqlite}
    CONCERT_SOURCE_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  set_property(GLOBAL APPEND PROPERTY CONCERT_TARGETS ${name})
endfunction()
