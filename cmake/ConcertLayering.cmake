# Writes what the layering test (tests/layering/) checks: for every target
# declared with concert_library or concert_declare_layer, its layer, its
# source files, and the closure of everything it links — read from the CMake
# link interface as configured, not from a list kept by hand.
#
#   concert_write_layering_manifest(FILE)   call once every target exists
#
# The manifest is plain text, one fact per line:
#   target NAME
#   layer LAYER
#   allow_sqlite 0|1
#   source ABSOLUTE_PATH
#   link ITEM            (target names as written, e.g. gRPC::grpc++)

# $<LINK_ONLY:x> (how a static library's private dependencies appear in its
# link interface) is x; other generator expressions depend on the
# configuration and are left out.
function(_concert_link_item item out)
  if(item MATCHES "^\\$<LINK_ONLY:([^$<>]+)>$")
    set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  elseif(item MATCHES "[$<>]")
    set(${out} "" PARENT_SCOPE)
  else()
    set(${out} "${item}" PARENT_SCOPE)
  endif()
endfunction()

# Everything `target` links, directly or through the link interfaces of what
# it links (imported and alias targets included).
function(_concert_link_closure target out)
  get_target_property(queue ${target} LINK_LIBRARIES)
  if(NOT queue)
    set(queue)
  endif()
  set(seen)
  while(queue)
    list(POP_FRONT queue raw)
    _concert_link_item("${raw}" item)
    if(item STREQUAL "" OR item IN_LIST seen)
      continue()
    endif()
    list(APPEND seen "${item}")
    if(TARGET "${item}")
      get_target_property(aliased "${item}" ALIASED_TARGET)
      if(aliased)
        list(APPEND queue "${aliased}")
        continue()
      endif()
      get_target_property(interface "${item}" INTERFACE_LINK_LIBRARIES)
      if(interface)
        list(APPEND queue ${interface})
      endif()
    endif()
  endwhile()
  set(${out} "${seen}" PARENT_SCOPE)
endfunction()

function(concert_write_layering_manifest file)
  get_property(targets GLOBAL PROPERTY CONCERT_TARGETS)
  set(text "")
  foreach(target IN LISTS targets)
    get_target_property(layer ${target} CONCERT_LAYER)
    get_target_property(allow_sqlite ${target} CONCERT_ALLOW_SQLITE)
    get_target_property(dir ${target} CONCERT_SOURCE_DIR)
    get_target_property(sources ${target} SOURCES)
    if(NOT sources)
      set(sources)
    endif()
    string(APPEND text "target ${target}\nlayer ${layer}\n")
    if(allow_sqlite)
      string(APPEND text "allow_sqlite 1\n")
    else()
      string(APPEND text "allow_sqlite 0\n")
    endif()
    foreach(source IN LISTS sources)
      get_filename_component(path "${source}" ABSOLUTE BASE_DIR "${dir}")
      string(APPEND text "source ${path}\n")
    endforeach()
    _concert_link_closure(${target} closure)
    foreach(item IN LISTS closure)
      string(APPEND text "link ${item}\n")
    endforeach()
  endforeach()
  file(WRITE "${file}" "${text}")
endfunction()
