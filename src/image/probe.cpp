#include "image/probe.h"

#include <cstdint>
#include <cstring>
#include <string>

#include "image/heif_codec.h"

namespace idmatch::image {
namespace {

uint32_t Be16(const unsigned char* p) { return (uint32_t(p[0]) << 8) | p[1]; }
uint32_t Be32(const unsigned char* p) { return (Be16(p) << 16) | Be16(p + 2); }
uint32_t Le16(const unsigned char* p) { return (uint32_t(p[1]) << 8) | p[0]; }
uint32_t Le24(const unsigned char* p) { return (uint32_t(p[2]) << 16) | Le16(p); }
uint32_t Le32(const unsigned char* p) { return (Le16(p + 2) << 16) | Le16(p); }

const unsigned char* U(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

Status Truncated(std::string_view what) {
  return Status(ErrorCode::kImageTruncated, std::string(what) + " data ends early (the file is truncated)");
}
Status Corrupt(std::string_view what, std::string_view detail) {
  return Status(ErrorCode::kImageCorrupt, std::string(what) + " header is invalid: " + std::string(detail));
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

Result<ImageHeader> ProbeJpeg(std::string_view b) {
  ImageHeader h{ImageFormat::kJpeg};
  const unsigned char* p = U(b);
  size_t pos = 2;
  bool have_size = false;
  while (true) {
    while (pos < b.size() && p[pos] != 0xFF) ++pos;  // tolerate garbage between segments
    while (pos < b.size() && p[pos] == 0xFF) ++pos;  // fill bytes
    if (pos >= b.size()) return Truncated("JPEG");
    const unsigned char marker = p[pos++];
    if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length
    if (marker == 0xD9) return Corrupt("JPEG", "end of image before any scan data");
    if (pos + 2 > b.size()) return Truncated("JPEG");
    const uint32_t len = Be16(p + pos);
    if (len < 2) return Corrupt("JPEG", "segment length below 2");
    if (pos + len > b.size()) return Truncated("JPEG");
    const bool is_sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (is_sof) {
      if (len < 8) return Corrupt("JPEG", "frame header too short");
      h.height = static_cast<int>(Be16(p + pos + 3));
      h.width = static_cast<int>(Be16(p + pos + 5));
      if (h.width == 0 || h.height == 0) return Corrupt("JPEG", "zero width or height");
      have_size = true;
    } else if (marker == 0xE1 && len >= 8 && std::memcmp(p + pos + 2, "Exif\0\0", 6) == 0 && h.exif_orientation == 1) {
      h.exif_orientation = ReadTiffOrientation(b.substr(pos + 8, len - 8));
    } else if (marker == 0xDA) {
      if (!have_size) return Corrupt("JPEG", "scan before frame header");
      // Entropy-coded data escapes 0xFF as FF00, so FF D9 after the first scan
      // can only be the end-of-image marker. Without it the file is cut short.
      const size_t scan = pos + len;
      for (size_t i = scan; i + 1 < b.size(); ++i) {
        if (p[i] == 0xFF && p[i + 1] == 0xD9) return h;
      }
      return Truncated("JPEG");
    }
    pos += len;
  }
}

Result<ImageHeader> ProbePng(std::string_view b) {
  ImageHeader h{ImageFormat::kPng};
  const unsigned char* p = U(b);
  size_t pos = 8;
  bool first = true;
  while (true) {
    if (pos + 8 > b.size()) return Truncated("PNG");
    const uint32_t len = Be32(p + pos);
    const std::string_view type = b.substr(pos + 4, 4);
    if (len > 0x7FFFFFFFu) return Corrupt("PNG", "chunk length out of range");
    if (pos + 12 + size_t(len) > b.size()) return Truncated("PNG");
    if (first) {
      if (type != "IHDR" || len < 13) return Corrupt("PNG", "first chunk is not IHDR");
      h.width = static_cast<int>(std::min<uint32_t>(Be32(p + pos + 8), 0x7FFFFFFF));
      h.height = static_cast<int>(std::min<uint32_t>(Be32(p + pos + 12), 0x7FFFFFFF));
      if (h.width == 0 || h.height == 0) return Corrupt("PNG", "zero width or height");
      first = false;
    } else if (type == "eXIf") {
      h.exif_orientation = ReadTiffOrientation(b.substr(pos + 8, len));
    } else if (type == "IEND") {
      return h;
    }
    pos += 12 + size_t(len);
  }
}

Result<ImageHeader> ProbeWebp(std::string_view b) {
  ImageHeader h{ImageFormat::kWebp};
  const unsigned char* p = U(b);
  const size_t riff_end = size_t(Le32(p + 4)) + 8;
  if (riff_end > b.size()) return Truncated("WebP");
  size_t pos = 12;
  bool have_size = false;
  while (pos + 8 <= riff_end) {
    const std::string_view type = b.substr(pos, 4);
    const size_t len = Le32(p + pos + 4);
    const size_t data = pos + 8;
    if (data + len > riff_end) return Truncated("WebP");
    if (type == "VP8X" && len >= 10) {
      h.width = static_cast<int>(Le24(p + data + 4) + 1);
      h.height = static_cast<int>(Le24(p + data + 7) + 1);
      have_size = true;
    } else if (type == "VP8 " && len >= 10 && !have_size) {
      if (p[data + 3] != 0x9D || p[data + 4] != 0x01 || p[data + 5] != 0x2A)
        return Corrupt("WebP", "bad VP8 start code");
      h.width = static_cast<int>(Le16(p + data + 6) & 0x3FFF);
      h.height = static_cast<int>(Le16(p + data + 8) & 0x3FFF);
      have_size = true;
    } else if (type == "VP8L" && len >= 5 && !have_size) {
      if (p[data] != 0x2F) return Corrupt("WebP", "bad VP8L signature");
      const uint32_t bits = Le32(p + data + 1);
      h.width = static_cast<int>((bits & 0x3FFF) + 1);
      h.height = static_cast<int>(((bits >> 14) & 0x3FFF) + 1);
      have_size = true;
    } else if (type == "EXIF") {
      std::string_view exif = b.substr(data, len);
      if (StartsWith(exif, std::string_view("Exif\0\0", 6))) exif.remove_prefix(6);
      h.exif_orientation = ReadTiffOrientation(exif);
    }
    pos = data + len + (len & 1);  // chunks are padded to even sizes
  }
  if (!have_size || h.width == 0 || h.height == 0) return Corrupt("WebP", "no image chunk");
  return h;
}

Result<ImageHeader> ProbeBmp(std::string_view b) {
  ImageHeader h{ImageFormat::kBmp};
  if (b.size() < 26) return Truncated("BMP");
  const unsigned char* p = U(b);
  const uint32_t file_size = Le32(p + 2);
  const uint32_t pixel_offset = Le32(p + 10);
  const uint32_t dib = Le32(p + 14);
  if (dib == 12) {
    h.width = static_cast<int>(Le16(p + 18));
    h.height = static_cast<int>(Le16(p + 20));
  } else if (dib >= 40) {
    const auto w = static_cast<int32_t>(Le32(p + 18));
    const auto ht = static_cast<int32_t>(Le32(p + 22));
    if (w <= 0 || ht == 0 || ht == INT32_MIN) return Corrupt("BMP", "non-positive width or height");
    h.width = w;
    h.height = ht < 0 ? -ht : ht;
  } else {
    return Corrupt("BMP", "unknown DIB header size");
  }
  if (pixel_offset >= b.size() || (file_size != 0 && file_size > b.size())) return Truncated("BMP");
  if (h.width == 0 || h.height == 0) return Corrupt("BMP", "zero width or height");
  return h;
}

Result<ImageHeader> ProbeTiff(std::string_view b) {
  ImageHeader h{ImageFormat::kTiff};
  if (b.size() < 8) return Truncated("TIFF");
  const unsigned char* p = U(b);
  const bool le = p[0] == 'I';
  auto r16 = [&](size_t o) { return le ? Le16(p + o) : Be16(p + o); };
  auto r32 = [&](size_t o) { return le ? Le32(p + o) : Be32(p + o); };
  const size_t ifd = r32(4);
  if (ifd + 2 > b.size()) return Truncated("TIFF");
  const size_t count = r16(ifd);
  if (ifd + 2 + count * 12 > b.size()) return Truncated("TIFF");
  for (size_t i = 0; i < count; ++i) {
    const size_t e = ifd + 2 + i * 12;
    const uint32_t tag = r16(e);
    const uint32_t type = r16(e + 2);
    const uint32_t value = type == 3 ? r16(e + 8) : r32(e + 8);
    if (tag == 256) h.width = static_cast<int>(std::min<uint32_t>(value, 0x7FFFFFFF));
    if (tag == 257) h.height = static_cast<int>(std::min<uint32_t>(value, 0x7FFFFFFF));
  }
  if (h.width == 0 || h.height == 0) return Corrupt("TIFF", "no width or height tag");
  h.exif_orientation = ReadTiffOrientation(b);
  return h;
}

bool IsHeifBrand(std::string_view b) {
  if (b.size() < 12 || b.substr(4, 4) != "ftyp") return false;
  const std::string_view brand = b.substr(8, 4);
  for (std::string_view known : {"heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1", "avif"}) {
    if (brand == known) return true;
  }
  return false;
}

}  // namespace

std::string_view FormatName(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg: return "jpeg";
    case ImageFormat::kPng: return "png";
    case ImageFormat::kWebp: return "webp";
    case ImageFormat::kBmp: return "bmp";
    case ImageFormat::kTiff: return "tiff";
    case ImageFormat::kHeif: return "heif";
  }
  return "unknown";
}

int ReadTiffOrientation(std::string_view t) {
  if (t.size() < 8) return 1;
  const unsigned char* p = U(t);
  const bool le = p[0] == 'I' && p[1] == 'I';
  if (!le && !(p[0] == 'M' && p[1] == 'M')) return 1;
  auto r16 = [&](size_t o) { return le ? Le16(p + o) : Be16(p + o); };
  auto r32 = [&](size_t o) { return le ? Le32(p + o) : Be32(p + o); };
  if (r16(2) != 42) return 1;
  const size_t ifd = r32(4);
  if (ifd + 2 > t.size()) return 1;
  const size_t count = r16(ifd);
  for (size_t i = 0; i < count; ++i) {
    const size_t e = ifd + 2 + i * 12;
    if (e + 12 > t.size()) return 1;
    if (r16(e) == 0x0112) {
      const uint32_t v = r16(e + 8);  // SHORT, left-justified in the value field
      return v >= 1 && v <= 8 ? static_cast<int>(v) : 1;
    }
  }
  return 1;
}

Result<ImageHeader> ProbeImage(std::string_view b) {
  if (b.empty()) return Status(ErrorCode::kImageEmpty, "the image is empty (0 bytes)");
  if (StartsWith(b, "\xFF\xD8\xFF")) return ProbeJpeg(b);
  if (StartsWith(b, "\x89PNG\r\n\x1A\n")) return ProbePng(b);
  if (b.size() >= 12 && StartsWith(b, "RIFF") && b.substr(8, 4) == "WEBP") return ProbeWebp(b);
  if (StartsWith(b, "BM")) return ProbeBmp(b);
  if (StartsWith(b, std::string_view("II*\0", 4)) || StartsWith(b, std::string_view("MM\0*", 4))) return ProbeTiff(b);
  if (IsHeifBrand(b)) {
    auto size = ProbeHeif(b);
    if (!size.ok()) return size.status();
    return ImageHeader{ImageFormat::kHeif, size->first, size->second, 1};
  }
  if (b.size() < 12) return Status(ErrorCode::kImageTruncated, "the data is too short to be an image");
  return Status(ErrorCode::kUnsupportedImageFormat,
                "the data is not a supported image (JPEG, PNG, WebP, BMP, TIFF or HEIC/HEIF)");
}

}  // namespace idmatch::image
