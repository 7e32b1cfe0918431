#include "image/probe.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

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

// Scans a JPEG may have. Progressive scripts use ~10 (libjpeg's default
// progression has 10, jpegtran's -progressive up to 12 for colour); 64 leaves
// room for any encoder we know of, while a crafted file with thousands of
// empty scans made the decoder work for 54 s on 292 KB.
constexpr int kMaxJpegScans = 64;

// The least entropy-coded data a Huffman JPEG of this size can have: every
// 8x8 luma block costs at least one bit (its DC difference code; AC end-of-
// block runs can be free in progressive scans). A file far shorter than that
// (a 4 KB file declaring 7000x7000 took 7.9 s to decode as a stream of
// corrupt-data warnings) is truncated or crafted.
Result<ImageHeader> CheckJpegWork(const ImageHeader& h, size_t entropy_bytes) {
  const uint64_t blocks = (uint64_t(h.width) + 7) / 8 * ((uint64_t(h.height) + 7) / 8);
  if (uint64_t(entropy_bytes) * 8 < blocks) {
    return Status(ErrorCode::kImageTruncated, "JPEG data ends early: " + std::to_string(entropy_bytes) +
                                                  " bytes of image data cannot hold " + std::to_string(h.width) + "x" +
                                                  std::to_string(h.height) + " pixels (the file is truncated)");
  }
  return h;
}

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
      // Entropy-coded data escapes 0xFF as FF00, so a marker after the first
      // scan is FF followed by anything but 00, FF or a restart: count the
      // scans (each costs the decoder a pass over every block) up to the
      // end-of-image marker. Without that marker the file is cut short.
      int scans = 1;
      size_t entropy_bytes = 0, previous = pos + len;
      for (size_t i = pos + len; i + 1 < b.size(); ++i) {
        if (p[i] != 0xFF || p[i + 1] == 0x00 || p[i + 1] == 0xFF || (p[i + 1] >= 0xD0 && p[i + 1] <= 0xD7)) continue;
        entropy_bytes += i - previous;
        if (p[i + 1] == 0xD9) return CheckJpegWork(h, entropy_bytes);
        if (i + 4 > b.size()) return Truncated("JPEG");
        const size_t segment = Be16(p + i + 2);
        scans += p[i + 1] == 0xDA;
        if (scans > kMaxJpegScans) {
          return Corrupt("JPEG", "more than " + std::to_string(kMaxJpegScans) +
                                     " scans (a progressive JPEG needs about 10); refused as a decoding-time bomb");
        }
        i += 1 + segment;
        previous = i + 1;
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

// Width and height as libtiff reads them, in every IFD of the chain: a
// decoder that meets a larger page, or a LONG8 value whose 4-byte field holds
// only its offset, must not see more pixels than the limits were checked
// against. Any width or height this cannot read exactly is refused.
Result<ImageHeader> ProbeTiff(std::string_view b) {
  ImageHeader h{ImageFormat::kTiff};
  if (b.size() < 8) return Truncated("TIFF");
  const unsigned char* p = U(b);
  const bool le = p[0] == 'I';
  auto r16 = [&](size_t o) { return le ? Le16(p + o) : Be16(p + o); };
  auto r32 = [&](size_t o) { return le ? Le32(p + o) : Be32(p + o); };
  auto r64 = [&](size_t o) -> uint64_t {
    const uint64_t hi = r32(le ? o + 4 : o), lo = r32(le ? o : o + 4);
    return (hi << 32) | lo;
  };
  // An IFD chain is at most 64 pages long and never returns to an earlier one.
  constexpr int kMaxIfds = 64;
  size_t ifd = r32(4);
  std::vector<size_t> seen;
  for (int page = 0; ifd != 0; ++page) {
    if (page == kMaxIfds || std::find(seen.begin(), seen.end(), ifd) != seen.end()) {
      return Corrupt("TIFF", "the IFD chain loops or has more than 64 pages");
    }
    seen.push_back(ifd);
    if (ifd + 2 > b.size()) return Truncated("TIFF");
    const size_t count = r16(ifd);
    if (ifd + 2 + count * 12 + 4 > b.size()) return Truncated("TIFF");
    uint64_t width = 0, height = 0;
    for (size_t i = 0; i < count; ++i) {
      const size_t e = ifd + 2 + i * 12;
      const uint32_t tag = r16(e);
      if (tag != 256 && tag != 257) continue;
      const uint32_t type = r16(e + 2), n = r32(e + 4);
      uint64_t value = 0;
      if (n != 1) return Corrupt("TIFF", "an image width or height tag holds more than one value");
      if (type == 3) {  // SHORT
        value = r16(e + 8);
      } else if (type == 4) {  // LONG
        value = r32(e + 8);
      } else if (type == 16) {  // LONG8: the 4-byte field holds its offset
        const size_t at = r32(e + 8);
        if (at + 8 > b.size()) return Truncated("TIFF");
        value = r64(at);
      } else {
        return Corrupt("TIFF", "an image width or height of type " + std::to_string(type));
      }
      (tag == 256 ? width : height) = value;
    }
    if (page == 0 && (width == 0 || height == 0)) return Corrupt("TIFF", "no width or height tag");
    // The largest page decides: limits are checked against it.
    const auto clamp = [](uint64_t v) { return static_cast<int>(std::min<uint64_t>(v, 0x7FFFFFFF)); };
    if (uint64_t(clamp(width)) * uint64_t(clamp(height)) > uint64_t(h.width) * uint64_t(h.height) ||
        clamp(width) > h.width || clamp(height) > h.height) {
      h.width = std::max(h.width, clamp(width));
      h.height = std::max(h.height, clamp(height));
    }
    ifd = r32(ifd + 2 + count * 12);
  }
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
