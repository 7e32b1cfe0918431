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

// Routes what libraries print on stderr (libjpeg's "Corrupt JPEG data: ...",
// OpenCV's warnings) into the JSON log: fd 2 becomes a pipe read by a thread
// that writes each line as a warning with "source":"library" (lines cut at
// 500 bytes, at most 50 a second, the rest counted in one line), while this
// logger keeps writing to the original stderr. For `serve`; call once, early.
// Returns false (and changes nothing) when the pipe cannot be set up.
bool CaptureLibraryOutput();

}  // namespace idmatch::log

#define IDMATCH_LOG_INFO(msg) ::idmatch::log::Write(::idmatch::log::Level::kInfo, (msg), __FILE__, __LINE__)
#define IDMATCH_LOG_WARNING(msg) ::idmatch::log::Write(::idmatch::log::Level::kWarning, (msg), __FILE__, __LINE__)
#define IDMATCH_LOG_ERROR(msg) ::idmatch::log::Write(::idmatch::log::Level::kError, (msg), __FILE__, __LINE__)
