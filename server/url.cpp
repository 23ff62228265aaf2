// Boost.URL's compiled part, built once for the whole server library (it is otherwise header-only).
#include <boost/url/src.hpp>
