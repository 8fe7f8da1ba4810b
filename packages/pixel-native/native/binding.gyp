{
  "targets": [
    {
      "target_name": "pixel_native",
      "sources": ["pixel_native.c", "denoise.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
