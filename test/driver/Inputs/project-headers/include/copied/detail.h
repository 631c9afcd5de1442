// Copyright (c) 2003-2023 Jane Q. Roe (jane at example dot com)
#pragma once
