// ISO 8601 UTC timestamps with seconds, e.g. "2026-11-24T08:00:00Z": audit
// rows, key creation times, retention cut-offs. They sort as text.
//
// Thread contract: pure functions (gmtime_r).
#pragma once

#include <ctime>
#include <string>

namespace idmatch {

std::string IsoUtc(std::time_t t);
inline std::string NowUtc() { return IsoUtc(std::time(nullptr)); }

}  // namespace idmatch
