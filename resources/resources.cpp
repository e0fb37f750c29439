// Intentionally empty: CMake needs a source for the static library that carries the console's resources; the
// resources themselves are compiled in by qt_add_resources (resources/CMakeLists.txt).
