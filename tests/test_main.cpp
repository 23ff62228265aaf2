// The single Boost.Test entry point shared by every test executable.
#define BOOST_TEST_MODULE jifen
#include <boost/test/unit_test.hpp>
