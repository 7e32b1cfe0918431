// Minimal structured logging: one JSON object per line on stderr. Messages
// are for operators; nothing logged here is ever sent to a client. Never log
// image bytes or embeddings.
#pragma once

#include <string_view>

namespace idmatch::log {

enum class Level { kDebug, kInfo, kWarning, kError };

void Write(Level level, std::string_view message, const char* file, int line);
// One structured line: `fields_json` is a serialised JSON object whose keys
// are merged with time and level (e.g. the HTTP access log).
void WriteFields(Level level, std::string_view fields_json);
void SetMinLevel(Level level);

}  // namespace idmatch::log

#define IDMATCH_LOG_INFO(msg) ::idmatch::log::Write(::idmatch::log::Level::kInfo, (msg), __FILE__, __LINE__)
#define IDMATCH_LOG_WARNING(msg) ::idmatch::log::Write(::idmatch::log::Level::kWarning, (msg), __FILE__, __LINE__)
#define IDMATCH_LOG_ERROR(msg) ::idmatch::log::Write(::idmatch::log::Level::kError, (msg), __FILE__, __LINE__)
