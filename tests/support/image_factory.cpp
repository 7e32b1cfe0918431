#include "support/image_factory.h"

#include <jpeglib.h>
#include <libheif/heif.h>
#include <png.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace idmatch::testing {

cv::Mat TestPattern(int width, int height) {
  cv::Mat img(height, width, CV_8UC3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>(255 * x / width), static_cast<uchar>(255 * y / height),
                                          static_cast<uchar>((x * 7 + y * 3) % 256));
    }
  }
  cv::rectangle(img, cv::Rect(0, 0, width / 4, height / 5), cv::Scalar(0, 0, 255), cv::FILLED);
  return img;
}

std::string EncodeWith(const cv::Mat& image, const std::string& ext, const std::vector<int>& params) {
  std::vector<uchar> buf;
  if (!cv::imencode(ext, image, buf, params)) throw std::runtime_error("imencode failed for " + ext);
  return std::string(buf.begin(), buf.end());
}

cv::Mat JpegRoundTrip(const cv::Mat& image, int quality) {
  std::vector<uchar> buf;
  cv::imencode(".jpg", image, buf, {cv::IMWRITE_JPEG_QUALITY, quality});
  return cv::imdecode(buf, cv::IMREAD_COLOR);
}

cv::Rect CentreCropRect(cv::Size photo, cv::Size size) {
  const double want = double(size.width) / size.height;
  cv::Rect r(0, 0, photo.width, photo.height);
  if (double(photo.width) / photo.height > want) {
    r.width = int(photo.height * want);
    r.x = (photo.width - r.width) / 2;
  } else {
    r.height = int(photo.width / want);
    r.y = (photo.height - r.height) / 2;
  }
  return r;
}

cv::Mat CentreCrop(const cv::Mat& photo, cv::Size size) {
  cv::Mat out;
  cv::resize(photo(CentreCropRect(photo.size(), size)), out, size, 0, 0, cv::INTER_AREA);
  return out;
}

std::string EncodeCmykJpeg(const cv::Mat& bgr) {
  jpeg_compress_struct cinfo{};
  jpeg_error_mgr jerr{};
  cinfo.err = jpeg_std_error(&jerr);
  jpeg_create_compress(&cinfo);
  unsigned char* out = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &out, &size);
  cinfo.image_width = static_cast<JDIMENSION>(bgr.cols);
  cinfo.image_height = static_cast<JDIMENSION>(bgr.rows);
  cinfo.input_components = 4;
  cinfo.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&cinfo);  // for CMYK this also writes the Adobe APP14 marker
  jpeg_set_quality(&cinfo, 95, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  std::vector<unsigned char> row(static_cast<size_t>(bgr.cols) * 4);
  while (cinfo.next_scanline < cinfo.image_height) {
    const auto* p = bgr.ptr<cv::Vec3b>(static_cast<int>(cinfo.next_scanline));
    for (int x = 0; x < bgr.cols; ++x) {
      // Adobe-style inverted CMYK (what Photoshop writes and decoders expect).
      const int b = p[x][0], g = p[x][1], r = p[x][2];
      const int k = 255 - std::max({r, g, b});
      const int denom = 255 - k;
      const int c = denom ? (255 - r - k) * 255 / denom : 0;
      const int m = denom ? (255 - g - k) * 255 / denom : 0;
      const int yel = denom ? (255 - b - k) * 255 / denom : 0;
      row[4 * x + 0] = static_cast<unsigned char>(255 - c);
      row[4 * x + 1] = static_cast<unsigned char>(255 - m);
      row[4 * x + 2] = static_cast<unsigned char>(255 - yel);
      row[4 * x + 3] = static_cast<unsigned char>(255 - k);
    }
    JSAMPROW rows[1] = {row.data()};
    jpeg_write_scanlines(&cinfo, rows, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  std::string s(reinterpret_cast<char*>(out), size);
  std::free(out);
  return s;
}

std::string EncodePalettePng(const cv::Mat& bgr) {
  // Quantise to 6x6x6 levels so the image fits a 216-entry palette.
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  std::string out;
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, &info);
    throw std::runtime_error("libpng write failed");
  }
  png_set_write_fn(
      png, &out,
      [](png_structp p, png_bytep data, png_size_t len) {
        static_cast<std::string*>(png_get_io_ptr(p))->append(reinterpret_cast<char*>(data), len);
      },
      nullptr);
  png_set_IHDR(png, info, static_cast<png_uint_32>(bgr.cols), static_cast<png_uint_32>(bgr.rows), 8,
               PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  std::vector<png_color> palette(216);
  for (int i = 0; i < 216; ++i) {
    palette[i] = {static_cast<png_byte>((i / 36) * 51), static_cast<png_byte>(((i / 6) % 6) * 51),
                  static_cast<png_byte>((i % 6) * 51)};
  }
  png_set_PLTE(png, info, palette.data(), 216);
  png_write_info(png, info);
  std::vector<png_byte> row(static_cast<size_t>(bgr.cols));
  for (int y = 0; y < bgr.rows; ++y) {
    const auto* p = bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < bgr.cols; ++x) {
      auto q = [](int v) { return (v + 25) / 51; };
      row[x] = static_cast<png_byte>(q(p[x][2]) * 36 + q(p[x][1]) * 6 + q(p[x][0]));
    }
    png_write_row(png, row.data());
  }
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

std::string EncodeHeic(const cv::Mat& bgr) {
  heif_context* ctx = heif_context_alloc();
  heif_encoder* encoder = nullptr;
  if (heif_context_get_encoder_for_format(ctx, heif_compression_HEVC, &encoder).code != heif_error_Ok) {
    heif_context_free(ctx);
    throw std::runtime_error("no HEVC encoder in libheif");
  }
  heif_encoder_set_lossy_quality(encoder, 90);
  heif_image* image = nullptr;
  heif_image_create(bgr.cols, bgr.rows, heif_colorspace_RGB, heif_chroma_interleaved_RGB, &image);
  heif_image_add_plane(image, heif_channel_interleaved, bgr.cols, bgr.rows, 8);
  int stride = 0;
  uint8_t* data = heif_image_get_plane(image, heif_channel_interleaved, &stride);
  for (int y = 0; y < bgr.rows; ++y) {
    const auto* p = bgr.ptr<cv::Vec3b>(y);
    for (int x = 0; x < bgr.cols; ++x) {
      data[y * stride + 3 * x + 0] = p[x][2];
      data[y * stride + 3 * x + 1] = p[x][1];
      data[y * stride + 3 * x + 2] = p[x][0];
    }
  }
  heif_context_encode_image(ctx, image, encoder, nullptr, nullptr);
  heif_encoder_release(encoder);
  heif_image_release(image);
  std::string out;
  heif_writer writer{};
  writer.writer_api_version = 1;
  writer.write = [](heif_context*, const void* d, size_t size, void* userdata) {
    static_cast<std::string*>(userdata)->append(static_cast<const char*>(d), size);
    return heif_error{heif_error_Ok, heif_suberror_Unspecified, ""};
  };
  heif_context_write(ctx, &writer, &out);
  heif_context_free(ctx);
  return out;
}

std::string WithExifOrientation(const std::string& jpeg, int orientation, bool big_endian) {
  // TIFF header + IFD0 with one SHORT entry (tag 0x0112).
  std::string tiff;
  auto put16 = [&](int v) {
    if (big_endian) {
      tiff += static_cast<char>((v >> 8) & 0xFF);
      tiff += static_cast<char>(v & 0xFF);
    } else {
      tiff += static_cast<char>(v & 0xFF);
      tiff += static_cast<char>((v >> 8) & 0xFF);
    }
  };
  auto put32 = [&](int v) {
    if (big_endian) {
      put16((v >> 16) & 0xFFFF);
      put16(v & 0xFFFF);
    } else {
      put16(v & 0xFFFF);
      put16((v >> 16) & 0xFFFF);
    }
  };
  tiff += big_endian ? "MM" : "II";
  put16(42);
  put32(8);       // IFD0 offset
  put16(1);       // one entry
  put16(0x0112);  // Orientation
  put16(3);       // SHORT
  put32(1);       // count
  put16(orientation);
  put16(0);  // value padding
  put32(0);  // no next IFD
  const std::string payload = std::string("Exif\0\0", 6) + tiff;
  const size_t len = payload.size() + 2;
  std::string app1 = "\xFF\xE1";
  app1 += static_cast<char>((len >> 8) & 0xFF);
  app1 += static_cast<char>(len & 0xFF);
  app1 += payload;
  return jpeg.substr(0, 2) + app1 + jpeg.substr(2);
}

std::string SharedDir() {
  if (const char* env = std::getenv("IDMATCH_SHARED_DIR"); env != nullptr && *env != '\0') return env;
  return std::string(IDMATCH_SOURCE_DIR) + "/../shared";
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::map<std::string, int> ReadExpectations(const std::string& name) {
  std::map<std::string, int> out;
  std::ifstream in(std::string(IDMATCH_SOURCE_DIR) + "/tests/samples/" + name);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::vector<std::string> words;
    for (std::string w; ss >> w;) words.push_back(w);
    if (words.size() < 2) continue;
    std::string key = words[0];
    for (size_t i = 1; i + 1 < words.size(); ++i) key += " " + words[i];
    out[key] = std::atoi(words.back().c_str());
  }
  return out;
}

}  // namespace idmatch::testing
