// Cheap, bounds-checked reading of image headers before any pixel decoding:
// format sniffing, declared dimensions (to refuse decompression bombs),
// truncation checks and the EXIF orientation tag.
//
// Thread contract: pure functions, safe from any thread.
#pragma once

#include <string_view>

#include "idmatch/status.h"

namespace idmatch::image {

enum class ImageFormat { kJpeg, kPng, kWebp, kBmp, kTiff, kHeif };

std::string_view FormatName(ImageFormat format);

struct ImageHeader {
  ImageFormat format = ImageFormat::kJpeg;
  int width = 0;  // as stored, before EXIF orientation
  int height = 0;
  int exif_orientation = 1;  // 1..8; 1 when absent or unreadable
};

// Identifies the format from magic bytes and reads the declared size.
// Errors: kUnsupportedImageFormat (unknown magic), kImageTruncated (data ends
// inside the header or before the format's end marker), kImageCorrupt
// (impossible header values).
Result<ImageHeader> ProbeImage(std::string_view bytes);

// Reads the Orientation tag (0x0112) of IFD0 from a TIFF-structured block
// (an EXIF payload after "Exif\0\0", or a whole TIFF file). Returns 1 when the
// tag is absent or the block is malformed; never reads out of bounds.
int ReadTiffOrientation(std::string_view tiff);

}  // namespace idmatch::image
