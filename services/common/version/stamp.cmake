# Writes OUT from IN with CONCERT_VERSION and CONCERT_COMMIT (the short git
# commit of SOURCE_DIR, "+dirty" when the tree has changes; empty outside a
# git checkout, e.g. a source tarball). configure_file leaves OUT untouched
# when its content would not change.
set(CONCERT_VERSION "${VERSION}")
set(CONCERT_COMMIT "")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(
    COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} rev-parse --short=12 HEAD
    OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE failed ERROR_QUIET)
  if(NOT failed)
    set(CONCERT_COMMIT "${commit}")
    execute_process(
      COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} diff --quiet HEAD --
      RESULT_VARIABLE dirty ERROR_QUIET)
    if(dirty)
      string(APPEND CONCERT_COMMIT "+dirty")
    endif()
  endif()
endif()
configure_file(${IN} ${OUT} @ONLY)
